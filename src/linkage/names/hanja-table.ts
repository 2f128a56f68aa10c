/**
 * Korean readings of characters used in given names, in traditional form (as Korea writes them)
 * and in simplified form (as Chinese documents write them): 英姬 and 英姬, 順玉 and 顺玉 read 영희
 * and 순옥. Readings are dictionary readings (North Korean style: 龍 룡, 女 녀); canonicalHangul
 * applies the initial-sound law where it belongs. Our own compilation of common characters.
 *
 * A character with several readings is listed under the one names use (金 is 금 in a given name;
 * as a surname it is 김, which the surname table says).
 */

// reading: characters; `繁=简` gives a traditional form and its simplified form.
const ROWS = `
가: 佳 嘉 可 家 歌
각: 珏 覺=觉
간: 幹=干
갑: 甲
강: 康 剛=刚 江 強=强 鋼=钢 崗=岗
개: 開=开 介
건: 健 建 乾 鍵=键
걸: 傑=杰 杰
검: 儉=俭 劍=剑
견: 堅=坚 見=见 絹=绢
결: 潔=洁 結=结
겸: 謙=谦 兼
경: 京 敬 慶=庆 景 卿 鏡=镜 經=经 炅 瓊=琼 庚 耕 璟 暻 競=竞 境
계: 桂 啓=启 季 溪 癸
고: 高 古 固
곤: 坤 崑 昆
공: 孔 公 功
과: 果 科
관: 官 寬=宽 冠 觀=观 貫=贯 館=馆
광: 光 廣=广 鑛=矿
교: 敎=教 喬=乔 橋=桥
구: 九 求 具 久 球 玖 究
국: 國=国 菊
군: 君 軍=军 群
궁: 宮=宫
권: 權=权
귀: 貴=贵
규: 奎 圭 揆 珪 逵
균: 均 鈞=钧
근: 根 勤 槿 瑾 近
금: 今 琴 錦=锦 金
기: 基 起 琪 麒 技 奇 紀=纪 祺 旗 騏=骐 淇 器 己 箕 沂 耆 錡=锜 璣=玑
길: 吉 佶
나: 娜 那 奈
난: 暖
남: 南 男 楠
녀: 女
년: 年
녕: 寧=宁
니: 尼
다: 多 茶
단: 丹 端 旦 檀
달: 達=达
담: 淡 潭 譚=谭
당: 堂 唐 棠
대: 大 代 戴 岱 垈
덕: 德 悳
도: 道 度 都 桃 到 導=导 燾=焘 濤=涛
돈: 敦 燉
동: 東=东 童 同 棟=栋 桐 銅=铜 冬 洞
두: 斗 杜
득: 得
등: 登 燈=灯 鄧=邓
라: 羅=罗
란: 蘭=兰
랑: 朗 浪 郞=郎
래: 來=来 萊=莱
량: 良 亮 兩=两 梁
려: 麗=丽 呂=吕 旅 黎
력: 力 歷=历
련: 蓮=莲 連=连 鍊=炼 練=练 憐=怜
렬: 烈 列
렴: 廉
령: 玲 鈴=铃 令 靈=灵 嶺=岭 齡=龄
례: 禮=礼 例
로: 路 魯=鲁 露 老 盧=卢
록: 祿=禄 綠=绿 錄=录 鹿
론: 論=论
뢰: 雷 賴=赖
룡: 龍=龙
료: 了
류: 柳 流 留 劉=刘 琉
륙: 陸=陆 六
륜: 倫=伦 崙=仑 輪=轮
률: 律 栗
륭: 隆
리: 利 理 里 梨 李 莉 俐 璃 離=离
린: 麟 隣 璘
림: 林 琳 霖
립: 立 笠
마: 麻 馬=马
만: 萬=万 滿=满 晩=晚 曼
말: 末
매: 梅
맹: 孟
면: 冕 勉 綿=绵
명: 明 命 鳴=鸣 銘=铭 名 溟
모: 模 謨=谟 慕
목: 睦 木 穆 牧
몽: 夢=梦
묘: 妙 卯
무: 武 茂 務=务 戊 舞
묵: 默
문: 文 汶 聞=闻 紋=纹 雯
미: 美 味 微 眉 米 尾 彌=弥 薇
민: 民 敏 珉 旻 玟 閔=闵 岷
밀: 密
박: 博 珀 朴
반: 班 潘 盤=盘
방: 方 芳 邦 房
배: 培 裵 裴 配 倍
백: 白 伯 百 栢
번: 繁
범: 範=范 凡 汎
법: 法
벽: 碧
병: 炳 秉 丙 柄 兵 昞
보: 寶=宝 甫 輔=辅 保 普 步 報=报
복: 福 馥 卜
본: 本
봉: 鳳=凤 奉 峰 蓬 琫
부: 富 夫 扶 芙
분: 芬 粉 分
붕: 朋 鵬=鹏
비: 飛=飞 妃 丕 比
빈: 彬 斌 賓=宾 嬪=嫔
사: 士 思 史 師=师 絲=丝 沙 砂
산: 山 珊
삼: 三 森
상: 相 尙 尚 祥 常 上 商 湘 翔 像
생: 生
서: 瑞 緖=绪 書=书 舒 曙 序 西 抒 徐
석: 石 錫=锡 碩=硕 奭 晳 夕
선: 仙 善 宣 先 璇 鮮=鲜 禪=禅 線=线 瑄 旋
설: 雪 薛
섬: 暹 纖=纤
섭: 燮 涉
성: 成 誠=诚 星 聖=圣 性 盛 晟 聲=声 城
세: 世 細=细
소: 小 素 昭 笑 蘇=苏 韶 紹=绍
손: 孫=孙
솔: 率
송: 松 宋 頌=颂
수: 秀 壽=寿 洙 守 修 樹=树 水 首 銖=铢 殊 受 授 需 琇
숙: 淑 肅=肃 宿 叔 琡
순: 順=顺 舜 純=纯 淳 旬 珣 洵
술: 述
숭: 崇
슬: 瑟
승: 昇 承 勝=胜 升 乘
시: 時=时 始 詩=诗 市 施 示 是
식: 植 軾=轼 湜 式 識=识
신: 信 新 申 辛 神 愼=慎 紳=绅 晨 臣 身
실: 實=实 室
심: 心 沈 深 審=审
아: 兒=儿 娥 雅 亞=亚 阿 芽
악: 岳
안: 安 顔=颜 岸 晏
암: 岩 巖
애: 愛=爱 艾
앵: 鶯=莺
양: 陽=阳 洋 楊=杨 揚=扬 養=养 羊
억: 億=亿
언: 彦 彥 言
업: 業=业
여: 如 汝 餘=余 與=与
연: 淵=渊 延 姸 妍 然 燕 硯=砚 演 緣=缘 衍 娟
열: 悅=悦 熱=热
염: 炎 艶=艳
엽: 燁=烨 葉=叶
영: 英 永 榮=荣 泳 映 瑛 暎 詠=咏 影 渶 煐
예: 藝=艺 睿 譽=誉 芮 叡
오: 五 午 吾 悟 梧 吳=吴
옥: 玉 沃 鈺=钰
온: 溫=温
완: 完 玩 婉 琬 緩=缓 浣
왕: 王 旺 汪
요: 堯=尧 耀 瑤=瑶 姚 遙=遥
용: 勇 容 鎔=镕 用 鏞=镛 庸 湧=涌 蓉
우: 宇 雨 祐 友 佑 羽 禹 于 又 優=优 玗
욱: 旭 昱 煜 郁
운: 雲=云 運=运 芸 耘 韻=韵
웅: 雄 熊
원: 元 源 遠=远 媛 苑 園=园 圓=圆 院 願=愿 援 垣 瑗
월: 月
위: 偉=伟 威 韋=韦 魏 衛=卫 位
유: 有 裕 維=维 儒 兪 由 惟 幼 唯 悠 攸
육: 育
윤: 潤=润 允 胤 閏=闰 尹 玧
융: 融
은: 銀=银 恩 殷 隱=隐 誾 垠
을: 乙
음: 音
응: 應=应 鷹=鹰
의: 義=义 宜 儀=仪 意 誼=谊
이: 二 伊 以 怡
익: 益 翼 翊
인: 仁 寅 印 人 因
일: 日 一 逸 溢
임: 任 壬
자: 子 慈 姿 滋 紫 自
작: 作
장: 壯=壮 章 長=长 張=张 莊=庄 將=将
재: 在 載=载 才 材 宰 哉 財=财 栽 再
전: 全 典 田 傳=传 殿 前 展 銓=铨
절: 節=节
점: 點=点
정: 正 政 靜=静 晶 廷 庭 鼎 禎=祯 貞=贞 定 精 情 淨=净 井 亭 挺 珵 程 丁 鄭=郑
제: 濟=济 齊=齐 帝 悌 提 堤
조: 朝 照 祚 助 兆 祖 調=调
종: 鍾=钟 鐘 宗 種=种 琮
주: 柱 周 珠 株 朱 州 洲 宙 住 注
준: 俊 峻 準=准 浚 埈 濬 駿=骏 晙 竣
중: 中 重 仲 衆=众
지: 志 智 知 芝 之 枝 池 地 至 止 址 旨
직: 直 稙
진: 鎭=镇 鎮 珍 眞=真 真 振 進=进 晋 晉 陳=陈 辰 秦 震
집: 集
찬: 燦=灿 贊=赞 讚 璨
창: 昌 彰 倉=仓 昶 暢=畅
채: 采 彩 蔡
책: 策
천: 天 泉 千 川
철: 哲 喆 鐵=铁 澈 徹=彻
청: 清 淸 靑=青 青
초: 初 超 草
총: 聰=聪
최: 最 崔
추: 秋
춘: 春 椿
충: 忠 充
치: 治 致
칠: 七
태: 泰 太 兌=兑
택: 澤=泽 宅 擇=择
통: 通
팔: 八
평: 平 坪
표: 杓 表
풍: 豊 豐=丰 風=风
필: 必 弼
하: 夏 河 荷 賀=贺 霞
학: 鶴=鹤 學=学
한: 漢=汉 翰 韓=韩 寒 閑=闲
함: 咸
항: 恒
해: 海 解
행: 幸 杏
향: 香 鄕=乡 享
허: 許=许 虛=虚
헌: 憲=宪 軒=轩 獻=献
혁: 赫 革 爀 奕
현: 賢=贤 鉉=铉 玄 炫 顯=显 峴=岘 泫 晛 絃=弦
협: 協=协
형: 亨 馨 炯 衡 兄 瀅=滢 邢
혜: 惠 慧 蕙 彗
호: 浩 鎬=镐 虎 昊 豪 皓 好 湖 晧 祜
홍: 紅=红 洪 弘 鴻=鸿
화: 和 華=华 花 化 嬅 樺=桦
환: 煥=焕 桓 歡=欢 環=环
활: 活
황: 黃=黄 煌 晃
회: 會=会 回
효: 孝 曉=晓 效
후: 厚 後=后
훈: 勳=勋 勛 熏 薰 訓=训
휘: 輝=辉 徽 暉=晖
휴: 休
흥: 興=兴
희: 熙 姬 喜 希 禧 嬉 熹 僖 羲
`;

export interface HanjaReading {
  /** The character as written (traditional or simplified). */
  character: string;
  /** Its Korean reading (dictionary form). */
  reading: string;
  /** The traditional form, the same character when it has no separate simplified form. */
  traditional: string;
}

function parse(): HanjaReading[] {
  const out: HanjaReading[] = [];
  for (const line of ROWS.trim().split('\n')) {
    const [reading, list] = line.split(':');
    for (const item of list.trim().split(/\s+/)) {
      const [traditional, simplified] = item.split('=');
      out.push({ character: traditional, reading, traditional });
      if (simplified) out.push({ character: simplified, reading, traditional });
    }
  }
  return out;
}

export const HANJA_READINGS: readonly HanjaReading[] = parse();

const readingOf = new Map<string, string>();
for (const r of HANJA_READINGS)
  if (!readingOf.has(r.character)) readingOf.set(r.character, r.reading);

/** Korean reading of one character (traditional or simplified), or undefined when unknown. */
export function hanjaReading(character: string): string | undefined {
  return readingOf.get(character.normalize('NFC'));
}

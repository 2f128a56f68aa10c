/** The signed-in user and the reference data every screen uses (vocabularies, places). */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import type { PlaceDto, SessionUser, Vocabularies } from '../../src/server/schemas';
import { get, onUnauthenticated } from './api';
import { currentLang } from './i18n';
import { useTranslation } from 'react-i18next';

interface SessionState {
  user: SessionUser | null;
  loading: boolean;
  refresh: () => Promise<void>;
  setUser: (u: SessionUser | null) => void;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [loading, setLoading] = useState(true);
  const refresh = useCallback(async () => {
    try {
      const s = await get<{ user: SessionUser | null }>('/session');
      setUser(s.user);
    } catch {
      setUser(null);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void refresh();
    return onUnauthenticated(() => setUser(null));
  }, [refresh]);
  const value = useMemo(() => ({ user, loading, refresh, setUser }), [user, loading, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

interface ReferenceData {
  vocabularies: Vocabularies;
  places: Map<string, PlaceDto>;
  ready: boolean;
}

const ReferenceContext = createContext<ReferenceData>({
  vocabularies: {},
  places: new Map(),
  ready: false,
});

export function ReferenceProvider({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const [data, setData] = useState<ReferenceData>({
    vocabularies: {},
    places: new Map(),
    ready: false,
  });
  useEffect(() => {
    if (!user) return;
    let live = true;
    void Promise.all([get<Vocabularies>('/vocabularies'), get<PlaceDto[]>('/places')])
      .then(([vocabularies, places]) => {
        if (live)
          setData({ vocabularies, places: new Map(places.map((p) => [p.id, p])), ready: true });
      })
      .catch(() => {
        if (live) setData((d) => ({ ...d, ready: true }));
      });
    return () => {
      live = false;
    };
  }, [user]);
  return <ReferenceContext.Provider value={data}>{children}</ReferenceContext.Provider>;
}

export function useReference(): ReferenceData {
  return useContext(ReferenceContext);
}

/** Label of a vocabulary code in the current language (the model's vocabularies carry ko/en/zh). */
export function useLabels() {
  const { vocabularies, places } = useReference();
  const { t, i18n } = useTranslation();
  return useMemo(() => {
    const lang = currentLang();
    const term = (vocab: string, code: string) => {
      const hit = vocabularies[vocab]?.find((v) => v.code === code);
      return hit ? hit.labels[lang] || hit.labels.en || code : code;
    };
    const placeName = (p: PlaceDto) => {
      if (lang === 'ko') return p.names.ko ?? p.names.en;
      if (lang === 'zh') return p.names.zh ?? p.names.en;
      return p.names.en;
    };
    const place = (id: string | undefined) => {
      if (!id) return '';
      const p = places.get(id);
      return p ? placeName(p) : id;
    };
    return { term, place, placeName, lang };
    // i18n.language makes the labels follow a language switch.
  }, [vocabularies, places, t, i18n.language]);
}

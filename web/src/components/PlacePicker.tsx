/**
 * Chooses a gazetteer place by any of its names, in any script (무산, 茂山, Musan, Musanŭp...).
 * An accessible combobox: arrow keys move, Enter picks, Escape closes. The query goes to the
 * server in a POST body, and a name the gazetteer does not know can be kept verbatim.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaceDto } from '../../../src/server/schemas';
import { post } from '../api';
import { useLabels } from '../session';

interface Props {
  label: string;
  placeId?: string;
  placeText?: string;
  onChange: (value: { placeId?: string; placeText?: string }) => void;
  /** Restrict to places in these countries (ISO 3166-1 alpha-2). */
  countries?: string[];
  /** Restrict to these kinds (province, county, ...). */
  kinds?: string[];
  testId?: string;
}

export function PlacePicker({
  label,
  placeId,
  placeText,
  onChange,
  countries,
  kinds,
  testId,
}: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const listId = useId();
  const inputId = useId();
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState(false);
  const [options, setOptions] = useState<PlaceDto[]>([]);
  const [active, setActive] = useState(0);
  const timer = useRef<number | undefined>(undefined);

  const shown = editing ? query : placeId ? labels.place(placeId) : (placeText ?? '');

  useEffect(() => {
    if (!editing || query.trim().length === 0) {
      setOptions([]);
      return;
    }
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      void post<PlaceDto[]>('/places/search', { q: query.trim(), limit: 12 })
        .then((found) =>
          setOptions(
            found.filter(
              (p) =>
                (!countries || countries.includes(p.country)) && (!kinds || kinds.includes(p.kind)),
            ),
          ),
        )
        .catch(() => setOptions([]));
      setActive(0);
    }, 150);
    return () => window.clearTimeout(timer.current);
  }, [query, editing, countries, kinds]);

  const choose = (p: PlaceDto) => {
    onChange({ placeId: p.id, placeText: undefined });
    setEditing(false);
    setOptions([]);
  };
  const keepVerbatim = () => {
    const text = query.trim();
    onChange(
      text ? { placeId: undefined, placeText: text } : { placeId: undefined, placeText: undefined },
    );
    setEditing(false);
    setOptions([]);
  };

  const open = editing && options.length > 0;
  const other = (p: PlaceDto) =>
    [p.names.ko, p.names.zh, p.names.en].filter((n) => n && n !== labels.placeName(p)).join(' · ');

  return (
    <div className="place-picker">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        data-testid={testId}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        value={shown}
        placeholder={t('place.placeholder')}
        onFocus={() => {
          setEditing(true);
          setQuery(shown);
        }}
        onChange={(e) => {
          setEditing(true);
          setQuery(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, options.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const pick = options[active];
            if (open && pick) choose(pick);
            else keepVerbatim();
          } else if (e.key === 'Escape') {
            setEditing(false);
            setOptions([]);
          }
        }}
        onBlur={() => {
          // A click on an option fires mousedown first (see below), so blur means "leave as typed".
          if (editing) {
            if (query.trim() === shown.trim() && !query.trim()) setEditing(false);
            else if (query !== (placeId ? labels.place(placeId) : (placeText ?? '')))
              keepVerbatim();
            else setEditing(false);
          }
        }}
      />
      {placeText && !placeId && !editing && <small className="hint">{t('place.verbatim')}</small>}
      <ul id={listId} role="listbox" hidden={!open} className="listbox" aria-label={label}>
        {options.map((p, i) => (
          <li
            key={p.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(p);
            }}
          >
            <strong>{labels.placeName(p)}</strong> <span className="muted">{other(p)}</span>{' '}
            <span className="tag">{t(`place.kind.${p.kind}`, { defaultValue: p.kind })}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

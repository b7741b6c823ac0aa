import { memo, type CSSProperties } from 'react';
import type { MqttMessage, PayloadView } from '../../../shared/ipc/contract';
import { formatCode } from '../../../shared/mqtt/reason-codes';
import { displayPayload, payloadViews } from './payload';
import { useT } from '../../i18n/use-t';

// One formatter for every row: `toLocaleTimeString` builds a new one per call, which in a flood
// was the largest single cost of rendering a row.
const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const time = (at: number) => `${CLOCK.format(at)}.${String(at % 1000).padStart(3, '0')}`;

/** Height of a collapsed row (with its 3 px gaps): fixed, so a flood needs no measuring. */
export const ROW_HEIGHT = 96;
const PREVIEW_LINES = 2;

// Styles live in app.css (`.keyhole-row*`): a flood mounts and updates rows many times a second,
// and a class costs the browser far less than a dozen inline properties on every element.

/**
 * One message: direction, topic, QoS, retain, time, size and the payload in its view, which the
 * row can switch for itself; a payload the view cannot decode shows why, inline. Collapsed, a row
 * shows the payload's first lines at a fixed height; expanded, all of it. Plain elements: a row
 * mounts many times a second in a flood.
 */
export const MessageRow = memo(function MessageRow({
  message: m,
  format,
  color,
  expanded,
  onFormat,
  onSave,
  onExpand,
}: {
  message: MqttMessage;
  format: PayloadView;
  color: string | undefined;
  expanded: boolean;
  onFormat: (seq: number, view: PayloadView) => void;
  onSave: (message: MqttMessage, view: PayloadView) => void;
  onExpand: (seq: number, expanded: boolean) => void;
}) {
  const { t } = useT('messages');
  const shown = displayPayload(m, format);
  const out = m.direction === 'out';
  // A PUBACK / PUBREC of 0x80 or more: the broker took the packet and refused the message.
  const refused = out && m.ack !== undefined && m.ack.code >= 0x80 ? m.ack : null;
  const note = [shown.note, m.truncated ? t('row.truncated', { size: m.size }) : null].filter(Boolean).join(' · ');
  const lines = shown.text.split('\n', PREVIEW_LINES + 1).length;
  const long = lines > PREVIEW_LINES || shown.text.length > 160;
  return (
    <div
      data-testid="message-row"
      data-direction={m.direction}
      data-refused={refused ? formatCode(refused.code) : undefined}
      data-topic={m.topic}
      data-seq={m.seq}
      className={`keyhole-message-row keyhole-row-${out ? 'out' : 'in'}${refused ? ' keyhole-row-refused' : ''}${expanded ? ' keyhole-row-open' : ''}`}
      style={!out && !refused && color ? ({ '--keyhole-row-accent': color } as CSSProperties) : undefined}
    >
      <div className="keyhole-row-head">
        {refused ? (
          <span data-testid="message-refused" className="keyhole-row-badge keyhole-badge-refused">
            {t('row.refused', { code: formatCode(refused.code), name: refused.name })}
          </span>
        ) : (
          <span className={`keyhole-row-badge keyhole-badge-${out ? 'sent' : 'received'}`}>{out ? t('row.sent') : t('row.received')}</span>
        )}
        <span className="keyhole-row-topic" data-testid="message-topic" title={m.topic}>
          {m.topic}
        </span>
        <span className="keyhole-row-badge keyhole-badge-qos">QoS {m.qos}</span>
        {m.retain && <span className="keyhole-row-badge keyhole-badge-retained">{t('row.retained')}</span>}
        {m.dup && <span className="keyhole-row-badge keyhole-badge-dup">{t('row.dup')}</span>}
        <span className="keyhole-row-meta">
          <span className="keyhole-row-dim">
            {m.size} B · {time(m.at)}
          </span>
          <select
            aria-label={t('row.viewOf', { seq: m.seq })}
            data-testid="message-view"
            value={format}
            onChange={(e) => onFormat(m.seq, e.currentTarget.value as PayloadView)}
            className="keyhole-row-select"
          >
            {payloadViews().map((v) => (
              <option key={v.value} value={v.value}>
                {v.label}
              </option>
            ))}
          </select>
          {(long || expanded) && (
            <button
              type="button"
              className="keyhole-row-button"
              aria-expanded={expanded}
              aria-label={expanded ? t('row.collapse', { seq: m.seq }) : t('row.expand', { seq: m.seq })}
              onClick={() => onExpand(m.seq, !expanded)}
            >
              {expanded ? '▴' : '▾'}
            </button>
          )}
          <button
            type="button"
            className="keyhole-row-button"
            aria-label={t('row.save', { seq: m.seq })}
            title={t('row.saveTip')}
            onClick={() => onSave(m, format)}
          >
            ⤓
          </button>
        </span>
      </div>
      <pre data-testid="message-payload" className="keyhole-row-payload">
        {shown.text || ' '}
      </pre>
      {shown.error && (
        <div className="keyhole-row-note keyhole-row-error" data-testid="payload-error" role="note" title={shown.error}>
          {shown.error}
        </div>
      )}
      {note && <div className="keyhole-row-note">{note}</div>}
    </div>
  );
});

/**
 * The row's typography with nothing in it, hidden: put in the empty list so that the row's faces
 * (bold badges, the topic, the monospace payload) are found when the tab opens, not in the frame
 * that shows the first message of a flood (that first layout took up to 150 ms).
 */
/** Letters and digits for the sample's faces to lay out (not words: the sample is never read). */
const GLYPHS = 'Aa0';

export function RowTypeSample() {
  return (
    <div
      aria-hidden="true"
      inert
      className="keyhole-message-row"
      style={{ position: 'absolute', visibility: 'hidden', pointerEvents: 'none' }}
    >
      <div className="keyhole-row-head">
        <span className="keyhole-row-badge keyhole-badge-received">{GLYPHS}</span>
        <span className="keyhole-row-topic">{GLYPHS}</span>
        <span className="keyhole-row-meta">
          <span className="keyhole-row-dim">{GLYPHS}</span>
          <select className="keyhole-row-select" tabIndex={-1} defaultValue="text">
            <option value="text">{GLYPHS}</option>
          </select>
          <button type="button" className="keyhole-row-button" tabIndex={-1}>
            ⤓
          </button>
        </span>
      </div>
      <pre className="keyhole-row-payload">{'{}'}</pre>
      <div className="keyhole-row-note">{GLYPHS}</div>
    </div>
  );
}

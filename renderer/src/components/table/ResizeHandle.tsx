// The edge of a header cell: drag to set the column's width, double-click to give it back its default.
import { useTranslation } from 'react-i18next';

export function ResizeHandle({ id, onWidth }: { id: string; onWidth: (px: number | null) => void }) {
  const { t } = useTranslation();
  const onPointerDown = (e: React.PointerEvent<HTMLSpanElement>) => {
    e.preventDefault();
    e.stopPropagation();
    const cell = e.currentTarget.parentElement;
    if (!cell) return;
    const start = e.clientX;
    const startWidth = cell.getBoundingClientRect().width;
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => onWidth(startWidth + ev.clientX - start);
    const up = (ev: PointerEvent) => {
      handle.releasePointerCapture(ev.pointerId);
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  };
  return (
    <span
      className="col-resize"
      role="separator"
      aria-orientation="vertical"
      aria-label={t('sheet.resize')}
      title={t('sheet.resizeHelp')}
      data-testid={`resize-${id}`}
      onPointerDown={onPointerDown}
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={(e) => {
        e.stopPropagation();
        onWidth(null);
      }}
    />
  );
}

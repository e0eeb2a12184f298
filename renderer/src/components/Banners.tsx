import { useTranslation } from 'react-i18next';
import { useApp } from '../state/app';

export function Banners() {
  const { t } = useTranslation();
  const banners = useApp((s) => s.banners);
  const dismiss = useApp((s) => s.dismiss);
  if (banners.length === 0) return null;
  return (
    <div className="banners" aria-live="polite">
      {banners.map((b) => (
        <div key={b.id} className={`banner banner-${b.kind}`} role={b.kind === 'error' ? 'alert' : 'status'} data-testid={`banner-${b.kind}`}>
          <span className="banner-text">{b.text}</span>
          <button className="banner-close" aria-label={t('common.dismiss')} onClick={() => dismiss(b.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

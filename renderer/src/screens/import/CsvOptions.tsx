// The CSV options of an import (delimiter, decimal comma, header row, a spreadsheet's date
// format): changing one previews the CSV files again.
import { useTranslation } from 'react-i18next';
import { DATE_FORMATS, type DateFormat } from '../../../../shared/types';
import { DEFAULT_CSV, useImports } from '../../state/imports';
import { refreshCsvPreviews } from '../../state/importActions';

export function CsvOptions() {
  const { t } = useTranslation();
  const csv = useImports((s) => s.csv);
  const setCsv = useImports((s) => s.setCsv);
  return (
    <fieldset className="card csv-options">
      <legend>{t('csv.title')}</legend>
      <label>
        {t('csv.delimiter')}{' '}
        <select
          value={csv.delimiter}
          onChange={(e) => {
            setCsv({ delimiter: e.target.value });
            refreshCsvPreviews();
          }}
        >
          <option value="">{t('csv.detect')}</option>
          <option value=",">{t('csv.comma')}</option>
          <option value=";">{t('csv.semicolon')}</option>
          <option value={'\t'}>{t('csv.tab')}</option>
          <option value="|">{t('csv.pipe')}</option>
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          checked={csv.decimalComma}
          onChange={(e) => {
            setCsv({ decimalComma: e.target.checked });
            refreshCsvPreviews();
          }}
        />{' '}
        {t('csv.decimalComma')}
      </label>
      <label>
        {t('csv.headerRow')}{' '}
        <input
          type="number"
          min={1}
          max={1000}
          value={csv.headerRow}
          className="input-narrow"
          onChange={(e) => {
            const n = Math.max(1, Math.min(1000, Math.trunc(Number(e.target.value) || 1)));
            setCsv({ headerRow: n });
            refreshCsvPreviews();
          }}
        />
      </label>
      <label title={t('csv.dateFormatHelp')}>
        {t('csv.dateFormat')}{' '}
        <select
          value={csv.dateFormat}
          data-testid="csv-date-format"
          onChange={(e) => {
            setCsv({ dateFormat: e.target.value as DateFormat | '' });
            refreshCsvPreviews();
          }}
        >
          <option value="">{t('csv.iso')}</option>
          {DATE_FORMATS.filter((f) => f.endsWith('YYYY')).map((f) => (
            <option key={f} value={f}>
              {f === 'M/D/YYYY' ? t('csv.monthFirst') : t('csv.dayFirst')}
            </option>
          ))}
        </select>
      </label>
      {(csv.delimiter !== DEFAULT_CSV.delimiter ||
        csv.decimalComma !== DEFAULT_CSV.decimalComma ||
        csv.headerRow !== DEFAULT_CSV.headerRow ||
        csv.dateFormat !== DEFAULT_CSV.dateFormat) && (
        <button
          className="btn btn-small"
          onClick={() => {
            setCsv(DEFAULT_CSV);
            refreshCsvPreviews();
          }}
        >
          {t('csv.reset')}
        </button>
      )}
      <span className="muted small">{t('csv.applied')}</span>
    </fieldset>
  );
}

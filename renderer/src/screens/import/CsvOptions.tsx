// The CSV options of an import (delimiter, decimal comma, header row, a spreadsheet's date
// format): changing one previews the CSV files again.
import { DATE_FORMATS, type DateFormat } from '../../../../shared/types';
import { DEFAULT_CSV, useImports } from '../../state/imports';
import { refreshCsvPreviews } from '../../state/importActions';

export function CsvOptions() {
  const csv = useImports((s) => s.csv);
  const setCsv = useImports((s) => s.setCsv);
  return (
    <fieldset className="card csv-options">
      <legend>CSV options</legend>
      <label>
        Delimiter{' '}
        <select
          value={csv.delimiter}
          onChange={(e) => {
            setCsv({ delimiter: e.target.value });
            refreshCsvPreviews();
          }}
        >
          <option value="">Detect</option>
          <option value=",">Comma ,</option>
          <option value=";">Semicolon ;</option>
          <option value={'\t'}>Tab</option>
          <option value="|">Pipe |</option>
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
        Decimal comma (1234,56)
      </label>
      <label>
        Header row{' '}
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
      <label title="A FOCUS or invoice-totals file saved by a spreadsheet writes dates like 5/1/25: say whether that is 1 May or 5 January. Its amounts may then carry a currency sign and thousands separators.">
        Date format{' '}
        <select
          value={csv.dateFormat}
          data-testid="csv-date-format"
          onChange={(e) => {
            setCsv({ dateFormat: e.target.value as DateFormat | '' });
            refreshCsvPreviews();
          }}
        >
          <option value="">ISO (2025-05-01)</option>
          {DATE_FORMATS.filter((f) => f.endsWith('YYYY')).map((f) => (
            <option key={f} value={f}>
              {f === 'M/D/YYYY' ? 'Month first (5/1/25 = 1 May)' : 'Day first (5/1/25 = 5 January)'}
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
          Reset
        </button>
      )}
      <span className="muted small">Applied to the CSV files of this import.</span>
    </fieldset>
  );
}

// The CSV options of an import (delimiter, decimal comma, header row): changing one previews the
// CSV files again.
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
      {(csv.delimiter !== DEFAULT_CSV.delimiter || csv.decimalComma !== DEFAULT_CSV.decimalComma || csv.headerRow !== DEFAULT_CSV.headerRow) && (
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

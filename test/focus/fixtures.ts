// FOCUS 1.2 files written here (not by a provider): two billing accounts of April 2025 with
// InvoiceIds, several invoices per account, a row breaking ListCost and one breaking
// ContractedCost, and their invoice totals. Used by test/focus/invoices.test.ts and the e2e suite.
const COLUMNS = [
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'InvoiceId',
  'InvoiceIssuerName',
  'ProviderName',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ServiceName',
  'ResourceId',
  'ResourceName',
  'SkuPriceId',
  'PricingQuantity',
  'PricingUnit',
  'ListUnitPrice',
  'ListCost',
  'ContractedUnitPrice',
  'ContractedCost',
  'EffectiveCost',
  'BilledCost',
  'x_Discount',
] as const;
type Col = (typeof COLUMNS)[number];

/** A FOCUS 1.2 CSV from rows of named values (NULL for the others). */
function focusCsv(rows: Partial<Record<Col, string>>[]): string {
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => r[c] ?? 'NULL').join(','))].join('\r\n') + '\r\n';
}

const APRIL = {
  BillingPeriodStart: '2025-04-01T00:00:00Z',
  BillingPeriodEnd: '2025-05-01T00:00:00Z',
  ChargePeriodStart: '2025-04-03T00:00:00Z',
  ChargePeriodEnd: '2025-04-04T00:00:00Z',
};
const ACCT1 = {
  BillingAccountId: 'acct-1',
  BillingAccountName: 'Acme Cloud',
  BillingAccountType: 'Billing Profile',
  BillingCurrency: 'USD',
  ProviderName: 'Cloudy',
  InvoiceIssuerName: 'Cloudy Inc',
};
const ACCT2 = { BillingAccountId: 'acct-2', BillingAccountName: 'Acme EU', BillingCurrency: 'EUR', ProviderName: 'Cloudy' };
const usage = (o: Partial<Record<Col, string>>) => ({ ...APRIL, ChargeCategory: 'Usage', PricingUnit: 'Hours', ...o });
const priced = (q: string, lup: string, lc: string, cup: string, cc: string, bc: string) => ({
  PricingQuantity: q,
  ListUnitPrice: lup,
  ListCost: lc,
  ContractedUnitPrice: cup,
  ContractedCost: cc,
  EffectiveCost: bc,
  BilledCost: bc,
});

export const APRIL_FOCUS = focusCsv([
  /* 2 */ usage({
    ...ACCT1,
    InvoiceId: 'INV-1',
    ServiceName: 'EC2',
    ResourceId: 'i-1',
    ResourceName: 'web',
    SkuPriceId: 'vm.s',
    ...priced('10', '0.10', '1.00', '0.08', '0.80', '0.80'),
  }),
  /* 3 */ usage({
    ...ACCT1,
    InvoiceId: 'INV-1',
    ServiceName: 'EC2',
    ResourceId: 'i-1',
    SkuPriceId: 'vm.s',
    ...priced('5', '0.10', '0.50', '0.08', '0.40', '0.40'),
  }),
  /* 4 */ usage({ ...ACCT1, InvoiceId: 'INV-1', ServiceName: 'S3', ResourceId: 'bucket-a', ...priced('100', '0.023', '2.30', '0.02', '2.00', '2.00') }),
  // ListCost 9.99 is not 0.023 × 1 = 0.023: flagged, but it does not bear on what was billed.
  /* 5 */ usage({ ...ACCT1, InvoiceId: 'INV-1', ServiceName: 'S3', ResourceId: 'bucket-a', ...priced('1', '0.023', '9.99', '0.02', '0.02', '0.02') }),
  // A commitment brings 108.00 down to 100.00: the provider's reduction, taken as given.
  /* 6 */ usage({
    ...ACCT1,
    InvoiceId: 'INV-2',
    ServiceName: 'RDS',
    ResourceId: 'db-1',
    ...priced('720', '0.20', '144.00', '0.15', '108.00', '100.00'),
    x_Discount: 'commitment',
  }),
  // ContractedCost 2.50 is not 0.15 × 10 = 1.50: billed 1.00 too much.
  /* 7 */ usage({ ...ACCT1, InvoiceId: 'INV-2', ServiceName: 'RDS', ResourceId: 'db-1', ...priced('10', '0.20', '2.00', '0.15', '2.50', '2.50') }),
  /* 8 */ {
    ...ACCT1,
    ...APRIL,
    InvoiceId: 'INV-2',
    ChargeCategory: 'Tax',
    ServiceName: 'Tax',
    BilledCost: '20.00',
    ContractedCost: '20.00',
    ListCost: '20.00',
  },
  /* 9 */ { ...ACCT1, ...APRIL, InvoiceId: 'INV-3', ChargeCategory: 'Purchase', ServiceName: 'Support', ...priced('1', '50', '50.00', '50', '50.00', '50.00') },
  /* 10 */ usage({ ...ACCT2, InvoiceId: 'INV-B1', ServiceName: 'Compute', ResourceId: 'vm-9', ...priced('100', '1', '100.00', '1', '100.00', '100.00') }),
  /* 11 */ { ...ACCT2, ...APRIL, InvoiceId: 'INV-B1', ChargeCategory: 'Credit', ServiceName: 'Compute', ResourceId: 'vm-9', BilledCost: '-10.00' },
]);

export const MAY_FOCUS = focusCsv([
  usage({
    ...ACCT1,
    BillingPeriodStart: '2025-05-01T00:00:00Z',
    BillingPeriodEnd: '2025-06-01T00:00:00Z',
    InvoiceId: 'INV-4',
    ServiceName: 'EC2',
    ResourceId: 'i-1',
    ...priced('1', '0.10', '0.10', '0.08', '0.08', '0.08'),
  }),
]);

export const APRIL_TOTALS = [
  'invoice_id,billing_account_id,billing_period_start,currency,amount',
  'INV-1,acct-1,2025-04-01,USD,3.22',
  'INV-2,acct-1,2025-04-01,USD,127.50',
  'INV-9,acct-1,2025-04-01T00:00:00Z,usd,12.00',
  ',acct-2,2025-04-01,EUR,85.00',
].join('\n');

// Canonical column names of the CSV formats (matched case-insensitively).

/** The usage columns an interval row keeps in its own fields (not in attrs_json). */
export const USAGE_INTERVAL_FIELDS = [
  'owner_id',
  'item_type',
  'item_id',
  'item_name',
  'instance_id',
  'price_id',
  'flavor_name',
  'zone_id',
  'consumption_start',
  'consumption_end',
] as const;

/** Usage CSV columns (docs/importers.md, "Usage CSV"); `service`, `price_factor` and `discount` are optional extras. */
export const USAGE_COLUMNS = [
  ...USAGE_INTERVAL_FIELDS,
  'quantity',
  'unit',
  'plan_id',
  'description',
  'unit_price',
  'currency',
  'service',
  'price_factor',
  'discount',
] as const;
export const USAGE_REQUIRED = ['owner_id', 'item_type', 'item_id', 'consumption_start'] as const;

/** Credit columns (docs/importers.md, "Credits"). */
export const CREDIT_COLUMNS = [
  'credit_id',
  'owner_id',
  'kind',
  'amount',
  'currency',
  'granted_at',
  'valid_from',
  'expires_at',
  'scope',
  'description',
] as const;
export const CREDIT_REQUIRED = ['credit_id', 'owner_id', 'kind', 'amount', 'currency', 'granted_at', 'scope'] as const;

/** FOCUS columns stored in focus_rows, 1.0 to 1.3 (any other column is kept in its attributes). */
export const FOCUS_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceId',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCurrency',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'ServiceProviderName',
  'ResourceId',
  'ResourceName',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'Tags',
] as const;
export const FOCUS_REQUIRED = ['BilledCost', 'BillingAccountId', 'BillingCurrency', 'BillingPeriodStart', 'ChargeCategory', 'ServiceName'] as const;

/** Invoice totals to reconcile FOCUS rows against (docs/focus.md, "Invoice totals"). */
export const INVOICE_TOTAL_COLUMNS = ['invoice_id', 'billing_account_id', 'billing_period_start', 'currency', 'amount'] as const;
export const INVOICE_TOTAL_REQUIRED = ['billing_account_id', 'billing_period_start', 'currency', 'amount'] as const;

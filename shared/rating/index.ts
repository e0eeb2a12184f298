// Slicewise rating module (docs/rating.md): pure functions, no Node or DOM APIs.
// Usage intervals, countables and tasks + price catalogs + credits → a rated invoice.
export { rateInvoice, creditWalkStart, type RateInvoiceInput } from './invoice';
export { rateLines, ratePeriodLines, compareLines, orderLines, type RateLinesInput } from './lines';
export { applyCredits, compareGrants, grantCovers, isGrantUsable, type CreditPeriodInput, type CreditPeriodResult } from './credits';
export { resolvePriceItem, resolveCountable, catalogsValidAt, isCatalogValidAt, runtimePriceItem, kindOf, PriceResolver, type ResolvedPrice } from './catalog';
export { timeCountedOnce } from './counted-once';
export { ratedSource, isRatedIn, type CoverageFacts, type RatedSource } from './coverage';
export { billableSeconds, legacySlices, cutToPeriod, touchesPeriod, PeriodGrid } from './intervals';
export { lineKey, type RatingContext } from './context';
export { RatingError, describeSource, type RatingErrorCode, type RatingErrorDetails } from './errors';
export { TASK_PRICE_ITEM, taskItemId } from './tasks';
export { EXACT_PLACES } from '../money';

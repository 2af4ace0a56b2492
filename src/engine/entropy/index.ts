export { analyzeDensity, MIN_SCORED_TOKENS, type DensityInput, type DensityReport, type LanguageId } from './density';
export { calibrationFor, denseThreshold, percentileOf, percentiles, buildCalibration, CALIBRATION_UNIT, DENSE_PERCENTILE } from './calibration';
export { detectDenseText, detectGenerated, detectMinified, detectBlobs, detectNumericTable, type DensityReason, type DensityReasonCode } from './detectors';
export { analyzeUnits, type AnalyzeUnitsOptions, type UnitText } from './analyzeUnits';

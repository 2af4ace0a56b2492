export { analyzeDensity, MIN_SCORED_TOKENS, type DensityInput, type DensityReport } from './analyzeDensity';
export { calibrationFor, denseThreshold, percentileOf, percentiles, buildCalibration, CALIBRATION_UNIT, DENSE_PERCENTILE } from './calibration';
export { detectDenseText, detectGenerated, detectMinified, detectBlobs, detectNumericTable, detectDataTable, type DensityReason, type DensityReasonCode } from './detectors';
export { generatedMarker, headerComment } from './generatedHeader';
export { analyzeUnits, type AnalyzeUnitsOptions, type UnitText } from './analyzeUnits';

/**
 * The smallest budget a request may ask for, in decoder tokens: the one figure the engine, the CLI, the
 * extension's argument checks and package.json's `minimum` all use (a unit test holds package.json to it).
 */
export const MIN_BUDGET = 16;

/** Whether `budget` is a whole number of tokens the engine accepts. */
export function isValidBudget(budget: number): boolean {
  return Number.isInteger(budget) && budget >= MIN_BUDGET;
}

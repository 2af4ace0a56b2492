// Text for notifications, which render no Markdown and are read at a glance (no `vscode` import: unit-tested).

/** 639,000,000 → "639 MB", 1,700,000,000 → "1.7 GB" (decimal units, as download sizes are given). */
export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

/** Backticks show literally in notifications (they render no Markdown): "run `x`" becomes "run x". */
export function plainText(message: string): string {
  return message.replace(/`([^`]*)`/g, '$1');
}

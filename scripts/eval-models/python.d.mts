export const converterVenv: string;
export function converterPython(packages: string[], log?: (m: string) => void): string;

export function converterPython(cache: string, packages: string[], log?: (m: string) => void): string;

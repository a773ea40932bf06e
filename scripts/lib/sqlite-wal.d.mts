export function enableWal(url: string): Promise<void>;

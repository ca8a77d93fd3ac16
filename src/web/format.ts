// Small wordings shared by the views.

export function age(at: number, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

export function clock(at: number): string {
  return new Date(at).toLocaleTimeString();
}

const PLACE_WORDS: Readonly<Record<string, string>> = { slot: 'slot', drive: 'drive', ieport: 'mailslot', transport: 'picker' };

export function placeWord(type: string): string {
  return PLACE_WORDS[type] ?? type;
}

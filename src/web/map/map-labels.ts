// Where the home map's country names go: a name is drawn only where it overlaps no name drawn
// before it (candidates come most important first), so that a region crowded with profiles (at
// 10,000 documents, Europe and the Middle East) shows a few readable names instead of a smear.
// No DOM here, so it is tested in Node.

/** A label's box on the map (12 px bold text, the baseline at y, centred on x). */
export interface LabelBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The box a name takes at (x, y): about 7 px a character, 14 px high, with a 2 px margin. */
export function labelBox(x: number, y: number, name: string): LabelBox {
  const half = (name.length * 7) / 2 + 2;
  return { left: x - half, right: x + half, top: y - 13, bottom: y + 4 };
}

const overlaps = (a: LabelBox, b: LabelBox): boolean =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Which of the candidate names get drawn: in the order given (most important first), each whose box overlaps no name
 * drawn before it. The others keep their number, their shape's tooltip and their row in the ranking.
 */
export function placeLabels<T extends { x: number; y: number; name: string }>(candidates: T[]): Set<T> {
  const placed: LabelBox[] = [];
  const shown = new Set<T>();
  for (const candidate of candidates) {
    const box = labelBox(candidate.x, candidate.y, candidate.name);
    if (placed.some((other) => overlaps(box, other))) continue;
    placed.push(box);
    shown.add(candidate);
  }
  return shown;
}

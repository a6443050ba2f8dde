/** Colours for stacked channel types, told apart in the common colour-vision deficiencies (Okabe–Ito). */
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

export function channelColor(index: number): string {
  return PALETTE[index % PALETTE.length] ?? "#0072B2";
}

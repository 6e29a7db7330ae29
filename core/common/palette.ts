// Okabe–Ito colours: distinguishable with the common forms of colour blindness.
export const CLASS_PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

/** Default colour of the n-th class (cycles through the palette). */
export const defaultClassColour = (n: number): string => CLASS_PALETTE[n % CLASS_PALETTE.length]!;

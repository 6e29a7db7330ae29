// The per-window feature set: names, units and the one-line descriptions the UI shows as
// tooltips. The order here is the order of computeFeatures' output vector; append new
// features at the end so stored feature vectors keep their meaning.

/** One feature of a window. */
export interface FeatureDefinition {
  /** Stable identifier (snake_case), also the column name in exports. */
  readonly name: string;
  /** One line in the user's words, shown as a tooltip. */
  readonly description: string;
  readonly unit: string;
}

const defs = [
  { name: 'log_peak_amplitude', unit: 'log10(units)', description: 'Largest absolute sample on any channel, as a power of ten' },
  { name: 'log_rms_amplitude', unit: 'log10(units)', description: 'Typical (root-mean-square) amplitude over all channels, as a power of ten' },
  { name: 'log_energy', unit: 'log10(units²·s)', description: 'Total signal energy per channel (sum of squared samples × sample interval), as a power of ten' },
  { name: 'peak_to_rms', unit: 'ratio', description: 'How spiky the window is: peak amplitude divided by the typical amplitude' },
  { name: 'log_band_rms', unit: 'log10(units)', description: 'Typical amplitude after the event band-pass filter, as a power of ten' },
  { name: 'event_band_share', unit: 'ratio', description: 'Amplitude left after the event band-pass relative to the raw amplitude (low = mostly microseism or drift)' },
  { name: 'log_envelope_peak_to_median', unit: 'log10(ratio)', description: 'Signal-to-noise estimate: envelope peak over its median, as a power of ten' },
  { name: 'duration_above_noise', unit: 's', description: 'How long the envelope stays clearly above the noise level (4 × its 20th percentile)' },
  { name: 'duration_fraction', unit: 'fraction', description: 'Share of the window during which the envelope is above the noise level' },
  { name: 'envelope_peak_time', unit: 'fraction', description: 'When the strongest shaking happens, from 0 (window start) to 1 (window end)' },
  { name: 'envelope_rise_time', unit: 's', description: 'Time from the envelope leaving the noise level to its peak (short = impulsive onset)' },
  { name: 'envelope_decay_time', unit: 's', description: 'Time from the envelope peak back down to the noise level (long = coda)' },
  { name: 'envelope_centroid_time', unit: 'fraction', description: 'Centre of gravity of the energy in time, from 0 (start) to 1 (end)' },
  { name: 'log_energy_after_before_peak', unit: 'log10(ratio)', description: 'Energy after the envelope peak over energy before it, as a power of ten' },
  { name: 'log_energy_second_first_half', unit: 'log10(ratio)', description: 'Energy in the second half of the window over the first half, as a power of ten' },
  { name: 'envelope_skewness', unit: '', description: 'Asymmetry of the envelope values: high when a short burst stands out of quiet noise' },
  { name: 'envelope_kurtosis', unit: '', description: 'Peakedness of the envelope values (excess kurtosis; 0 for a Gaussian)' },
  { name: 'signal_kurtosis', unit: '', description: 'Peakedness of the filtered samples (excess kurtosis): transients give large values, steady noise about 0' },
  { name: 'sta_lta_max', unit: 'ratio', description: 'Highest short-term/long-term average ratio (0.5 s / up to 5 s) after the event band-pass' },
  { name: 'zero_crossing_rate', unit: '1/s', description: 'Sign changes per second of the raw trace (a sine of f Hz gives 2f)' },
  { name: 'zero_crossing_rate_band', unit: '1/s', description: 'Sign changes per second after the event band-pass' },
  { name: 'frequency_at_peak', unit: 'Hz', description: 'Frequency of the strongest arrival, from zero crossings in the second around the envelope peak' },
  { name: 'dominant_frequency', unit: 'Hz', description: 'Frequency with the most power in the raw spectrum' },
  { name: 'spectral_centroid', unit: 'Hz', description: 'Power-weighted mean frequency of the raw spectrum' },
  { name: 'spectral_bandwidth', unit: 'Hz', description: 'Spread of the raw spectrum around its centroid (standard deviation)' },
  { name: 'spectral_rolloff', unit: 'Hz', description: 'Frequency below which 85 % of the power lies' },
  { name: 'spectral_flatness', unit: 'fraction', description: 'How noise-like the spectrum is: 1 for white noise, near 0 for a single tone' },
  { name: 'band_spectral_centroid', unit: 'Hz', description: 'Power-weighted mean frequency inside the event band' },
  { name: 'band_share_0_1_1hz', unit: 'fraction', description: 'Share of power between 0.1 and 1 Hz (ocean microseism, long-period)' },
  { name: 'band_share_1_5hz', unit: 'fraction', description: 'Share of power between 1 and 5 Hz' },
  { name: 'band_share_5_10hz', unit: 'fraction', description: 'Share of power between 5 and 10 Hz' },
  { name: 'band_share_10_20hz', unit: 'fraction', description: 'Share of power between 10 and 20 Hz (0 when the data cannot hold it)' },
  { name: 'band_share_above_20hz', unit: 'fraction', description: 'Share of power above 20 Hz (0 when the data cannot hold it)' },
  { name: 'log_hv_ratio', unit: 'log10(ratio)', description: 'Horizontal over vertical amplitude in the event band, as a power of ten (0 when not known)' },
  { name: 'log_hv_ratio_first_half', unit: 'log10(ratio)', description: 'Horizontal over vertical amplitude in the first half of the window' },
  { name: 'log_hv_ratio_second_half', unit: 'log10(ratio)', description: 'Horizontal over vertical amplitude in the second half of the window' },
  { name: 'log_hv_ratio_at_peak', unit: 'log10(ratio)', description: 'Horizontal over vertical amplitude in the second around the envelope peak (S waves: high)' },
  { name: 'rectilinearity_at_peak', unit: 'fraction', description: 'How line-like the ground motion is around the envelope peak (1 = straight line, as in P waves)' },
  { name: 'planarity_at_peak', unit: 'fraction', description: 'How flat (confined to a plane) the ground motion is around the envelope peak' },
  { name: 'incidence_at_peak', unit: 'degrees', description: 'Angle of the main motion from the vertical around the envelope peak (P: steep, small angle)' },
  { name: 'rectilinearity', unit: 'fraction', description: 'How line-like the ground motion is over the whole window' },
  { name: 'component_count', unit: 'channels', description: 'Number of channels with data (zero-filled channels are ignored)' },
  { name: 'log_hv_ratio_after_onset', unit: 'log10(ratio)', description: 'Horizontal over vertical amplitude in the second after the main onset, as a power of ten (P: low, S: high)' },
  { name: 'incidence_after_onset', unit: 'degrees', description: 'Angle of the first half second of motion after the main onset from the vertical (P: steep, S: near horizontal)' },
  { name: 'log_pre_onset_to_peak', unit: 'log10(ratio)', description: 'Envelope level in the second before the main onset relative to the peak in the second after it (S follows P coda: higher)' },
  { name: 'onset_time', unit: 's', description: 'Time of the main onset (the sharpest rise of 3-component energy) after the window start' },
  { name: 'log_onset_jump', unit: 'log10(ratio)', description: 'How sharp the main onset is: energy in the 0.3 s after it over the 0.3 s before, as a power of ten' },
  { name: 'log_onset_snr', unit: 'log10(ratio)', description: 'Amplitude in the second after the main onset over the second before it, as a power of ten' },
  { name: 'log_hv_change_at_onset', unit: 'log10(ratio)', description: 'How much the horizontal/vertical ratio grows at the main onset (S: strongly, P: not or falls)' },
  { name: 'rectilinearity_after_onset', unit: 'fraction', description: 'How line-like the first half second of motion after the main onset is (P: close to 1)' },
  { name: 'frequency_after_onset', unit: 'Hz', description: 'Frequency of the second after the main onset, from zero crossings of its strongest channel' },
  { name: 'log_frequency_change_at_onset', unit: 'log2(ratio)', description: 'Frequency after the main onset over frequency before it, in octaves (S: lower than the P coda before it)' },
  { name: 'h_onset_delay', unit: 's', description: 'Time from the main onset to the sharpest rise of the horizontal components alone (an S after the P: about 1 s or more)' },
  { name: 'log_hv_after_h_onset', unit: 'log10(ratio)', description: 'Horizontal over vertical amplitude in the second after the horizontal onset, as a power of ten (S: high)' },
  { name: 'log_hv_change_at_h_onset', unit: 'log10(ratio)', description: 'How much the horizontal/vertical ratio grows at the horizontal onset (S: strongly)' },
  { name: 'first_onset_time', unit: 's', description: 'Time of the earlier of the two sharpest onsets at least 0.5 s apart (the first arrival)' },
  { name: 'log_first_onset_jump', unit: 'log10(ratio)', description: 'Sharpness of that first onset (energy after over before, as a power of ten)' },
  { name: 'later_onset_delay', unit: 's', description: 'Time from the first onset to the later one (S–P time when both phases are in the window)' },
  { name: 'log_later_onset_jump', unit: 'log10(ratio)', description: 'Sharpness of the later onset (small when the window holds a single arrival)' },
  { name: 'log_hv_after_first_onset', unit: 'log10(ratio)', description: 'Horizontal over vertical amplitude in the second after the first onset (P: low)' },
  { name: 'log_hv_after_later_onset', unit: 'log10(ratio)', description: 'Horizontal over vertical amplitude in the second after the later onset (S: high)' },
  // The arrival nearest the window centre: a window cut around a pick has the picked phase
  // there, while the strongest onset of the whole window may be another phase (the P before
  // an S, the S after a P).
  { name: 'centre_onset_time', unit: 's', description: 'Time of the sharpest rise of 3-component energy in the middle half of the window' },
  { name: 'log_centre_onset_jump', unit: 'log10(ratio)', description: 'How sharp that central onset is: energy in the 0.3 s after it over the 0.3 s before, as a power of ten' },
  { name: 'log_centre_onset_snr', unit: 'log10(ratio)', description: 'Amplitude in the second after the central onset over the second before it, as a power of ten' },
  { name: 'log_pre_centre_onset_to_peak', unit: 'log10(ratio)', description: 'Envelope level in the second before the central onset relative to the peak in the second after it (S in P coda: higher)' },
  { name: 'log_hv_after_centre_onset', unit: 'log10(ratio)', description: 'Horizontal over vertical amplitude in the second after the central onset (P: low, S: high)' },
  { name: 'log_hv_change_at_centre_onset', unit: 'log10(ratio)', description: 'How much the horizontal/vertical ratio grows at the central onset (S: strongly, P: not or falls)' },
  { name: 'incidence_after_centre_onset', unit: 'degrees', description: 'Angle of the first half second of motion after the central onset from the vertical (P: steep, S: near horizontal)' },
  { name: 'rectilinearity_after_centre_onset', unit: 'fraction', description: 'How line-like the first half second of motion after the central onset is (P: close to 1)' },
  { name: 'frequency_after_centre_onset', unit: 'Hz', description: 'Frequency of the second after the central onset, from zero crossings of its strongest channel' },
  { name: 'log_frequency_change_at_centre_onset', unit: 'log2(ratio)', description: 'Frequency after the central onset over frequency before it, in octaves (S: lower than the P coda before it)' },
  // Temporal profile: the window in eight equal segments, so the model can tell where things
  // happen without assuming where a pick lies.
  { name: 'loudest_segment_time', unit: 'fraction', description: 'Where the loudest eighth of the window lies, from 0 (first eighth) to 1 (last)' },
  { name: 'quietest_segment_time', unit: 'fraction', description: 'Where the quietest eighth of the window lies, from 0 (first eighth) to 1 (last)' },
  { name: 'most_horizontal_segment_time', unit: 'fraction', description: 'Where the eighth with the highest horizontal/vertical ratio lies, among eighths within a tenth of the loudest energy (0.5 when not known)' },
  { name: 'log_segment_range', unit: 'log10(ratio)', description: 'Amplitude of the quietest eighth over the loudest, as a power of ten (steady noise: near 0)' },
  { name: 'first_loud_segment_time', unit: 'fraction', description: 'Where the first eighth with at least a tenth of the loudest energy lies, from 0 to 1' },
  // Levels of the quiet and the loud part of the window, in the recording's units. On their
  // own they carry the station's gain; against the station's typical quiet level (station
  // context, stationContext.ts) they say how far above its own noise a window rises.
  { name: 'log_quiet_segment_amplitude', unit: 'log10(units)', description: 'Typical amplitude of the quietest eighth of the window after the event band-pass, as a power of ten' },
  { name: 'log_pre_centre_onset_amplitude', unit: 'log10(units)', description: 'Typical amplitude in the second before the central onset after the event band-pass, as a power of ten' },
  { name: 'log_centre_onset_amplitude', unit: 'log10(units)', description: 'Typical amplitude in the second after the central onset after the event band-pass, as a power of ten' },
] as const satisfies readonly FeatureDefinition[];

/** Name of one feature. */
export type FeatureName = (typeof defs)[number]['name'];

/** All features in output order. */
export const FEATURES: readonly FeatureDefinition[] = defs;

/** Position of each feature in the output vector. */
export const FEATURE_INDEX = Object.fromEntries(defs.map((d, i) => [d.name, i])) as Record<FeatureName, number>;

#pragma once
/// @file audio_bands.hpp
/// Short-time spectral feature of mono audio: log energies in mel-spaced bands
/// (standard library only; the FFT is a radix-2 std::complex transform).
///
/// The feature is the log filter-bank energy vector that MFCCs are computed
/// from (Davis & Mermelstein 1980), without the DCT: rectangular bands equally
/// spaced on the mel scale (O'Shaughnessy: mel = 2595 log10(1 + f/700)).

#include <complex>
#include <cstddef>
#include <vector>

namespace reelscale::kernels {

/// In-place iterative radix-2 FFT (forward, no scaling). a.size() must be a power of two.
void fft_radix2(std::vector<std::complex<double>>& a);

/// Settings of band_log_energies.
struct BandSpec {
  int sample_rate = 48000;  ///< Hz of the samples
  int fft_size = 2048;      ///< FFT frame length (power of two), samples
  int bands = 24;           ///< number of mel bands
  double f_min = 50;        ///< lower edge of the first band, Hz
  double f_max = 16000;     ///< upper edge of the last band, Hz (clamped to sample_rate / 2)
};

/// Floor of band_log_energies, dB (digital silence).
inline constexpr float kBandFloorDb = -120.0f;

/// Log band energies of `n` mono samples (full scale 1.0).
///
/// The span is cut into consecutive non-overlapping frames of `fft_size`
/// samples (a last partial frame is used when it holds at least half a frame,
/// zero-padded; a span shorter than that is zero-padded into one frame), each
/// frame is Hann-windowed and transformed; band b's energy is the mean over
/// frames of the sum of |X(k)|^2 over the FFT bins whose centre frequency lies
/// in [edge_b, edge_{b+1}) (mel-spaced edges between f_min and f_max; a band
/// narrower than one bin takes the bin nearest its centre), normalised so that a
/// full-scale sine whose frequency is inside a band gives about 0 dB there.
///
/// @param out  `spec.bands` values, dB re full-scale sine, floor kBandFloorDb
void band_log_energies(const float* x, std::size_t n, const BandSpec& spec, float* out);

}  // namespace reelscale::kernels

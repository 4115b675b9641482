/// @file fuzz_demux.cpp
/// libFuzzer harness: demux + decode + measure of one asset held in memory
/// (fuzz/demux_one.hpp, shared with the regression replay in tests/test_hostile_fuzz.cpp).

#include "demux_one.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)reelscale::fuzz::demux_one(data, size);
  return 0;
}

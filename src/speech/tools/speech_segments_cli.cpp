// Reads mono 16 kHz f32le samples on stdin and prints the speech/music/silence segments
// (SpeechAnalyser, no transcription). Used for bench/README.md (speech stage cost).
#include "speech/speech_analyser.hpp"
#include "record/asset_record.hpp"
#include <cstdio>
using namespace reelscale; using namespace reelscale::speech;
int main(){ std::vector<float> buf(4000); SpeechAnalyser an({}, nullptr, ""); size_t n; double t=0;
 while((n=fread(buf.data(),4,buf.size(),stdin))>0){ an.consume(std::span<const float>(buf.data(),n), t); t+=n/16000.0;}
 an.finish(AssetRecord{}); for(auto&s:an.segments()) printf("%.1f-%.1f %s\n",s.start_s,s.end_s,to_string(s.kind).c_str()); }

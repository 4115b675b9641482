// Prints one line per 0.1 s step: t_s rms_db and the five window features (speech_features.hpp)
// of mono 16 kHz f32le samples read from stdin. Built by hand (see fit_segmenter.sh).
#include "speech/speech_features.hpp"
#include <cstdio>
#include <vector>
using namespace reelscale::speech;
int main(){ std::vector<float> buf(1600); FeatureStream fs; size_t n;
 auto pr=[](const std::vector<StepFeatures>& v){for(auto&s:v){printf("%.1f %.1f",s.t_s,s.rms_db);for(double x:s.f)printf(" %.5f",x);printf("\n");}};
 while((n=fread(buf.data(),4,buf.size(),stdin))>0){ pr(fs.push(std::span<const float>(buf.data(),n))); } pr(fs.flush()); }

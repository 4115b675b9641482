# One CMake target per folder ("area"), with the third-party libraries each area may
# use linked PRIVATE to it. docs/architecture.md describes the rules.
#
# Rules enforced at compile time: only src/catalog sees HDF5, only src/media sees
# FFmpeg, only indexes/ sees Faiss, only cluster/ sees MPI. The headers of those
# libraries are not on any other target's include path; because FFmpeg's and Faiss's
# headers live in default system folders (/usr/include/...), every other target also
# gets a "poison" include folder, searched first, whose same-named headers stop the
# compile with #error naming the rule.

set(REELSCALE_POISON_DIR ${CMAKE_BINARY_DIR}/poison)

# Writes poison copies of every header below `root` matching the glob expressions.
function(reelscale_poison lib rule root)
  set(dir ${REELSCALE_POISON_DIR}/${lib})
  foreach(glob ${ARGN})
    file(GLOB_RECURSE headers RELATIVE ${root} ${root}/${glob})
    foreach(h ${headers})
      set(out ${dir}/${h})
      if(NOT EXISTS ${out})
        file(WRITE ${out} "#error \"<${h}> (${lib}) included outside ${rule} -- docs/architecture.md\"\n")
      endif()
    endforeach()
  endforeach()
endfunction()

find_path(REELSCALE_FFMPEG_ROOT libavcodec/avcodec.h HINTS ${FFMPEG_INCLUDE_DIRS})
find_path(REELSCALE_FAISS_ROOT faiss/Index.h)
find_path(REELSCALE_MPI_ROOT mpi.h HINTS ${MPI_CXX_INCLUDE_DIRS})
find_path(REELSCALE_HDF5_ROOT hdf5.h HINTS ${HDF5_INCLUDE_DIRS})
reelscale_poison(ffmpeg src/media ${REELSCALE_FFMPEG_ROOT}
  libavcodec/*.h libavformat/*.h libavutil/*.h libswscale/*.h libswresample/*.h)
reelscale_poison(faiss indexes/ ${REELSCALE_FAISS_ROOT} faiss/*.h)
reelscale_poison(mpi cluster/ ${REELSCALE_MPI_ROOT} mpi.h mpi_portable_platform.h)
reelscale_poison(hdf5 src/catalog ${REELSCALE_HDF5_ROOT} hdf5.h H5*.h)

# reelscale_area(NAME DIR <folder> [ALLOW ffmpeg|faiss|mpi|hdf5] [DEPS targets...] [PRIVATE_DEPS ...])
# Defines reelscale_<NAME> from <folder>/**/*.cpp (INTERFACE when there is none).
function(reelscale_area name)
  cmake_parse_arguments(A "" "DIR" "ALLOW;DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${A_DIR}/*.cpp)
  set(t reelscale_${name})
  if(sources)
    add_library(${t} STATIC ${sources})
    target_link_libraries(${t} PUBLIC ${A_DEPS} PRIVATE ${A_PRIVATE_DEPS})
    target_compile_options(${t} PRIVATE ${REELSCALE_WARNINGS})
    foreach(lib ffmpeg faiss mpi hdf5)
      if(NOT lib IN_LIST A_ALLOW)
        target_include_directories(${t} BEFORE PRIVATE ${REELSCALE_POISON_DIR}/${lib})
      endif()
    endforeach()
  else()
    add_library(${t} INTERFACE)
    target_link_libraries(${t} INTERFACE ${A_DEPS})
  endif()
endfunction()

# Poison for targets defined elsewhere (the executable, capability areas): every rule.
function(reelscale_poison_target t)
  foreach(lib ffmpeg faiss mpi hdf5)
    target_include_directories(${t} BEFORE PRIVATE ${REELSCALE_POISON_DIR}/${lib})
  endforeach()
endfunction()

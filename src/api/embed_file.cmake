# Writes a C++ source defining `std::string_view <FUNCTION>()` that returns the bytes of INPUT.
# Run at build time (cmake -P) so that editing the input file rebuilds the program.
file(READ "${INPUT}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
string(LENGTH "${content}" hex_length)
math(EXPR length "${hex_length} / 2")
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT}; do not edit.\n#include <string_view>\nnamespace ${NAMESPACE} {\nnamespace {\nconstexpr char kBytes[] = {${bytes}'\\0'};\n}\nstd::string_view ${FUNCTION}() { return {kBytes, ${length}}; }\n}\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")

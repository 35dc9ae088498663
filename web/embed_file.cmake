# Turns a binary file into a C source with `const unsigned char NAME[]` and `const unsigned NAME_size`.
# Usage: cmake -DIN=file -DOUT=file.c -DNAME=symbol -P embed_file.cmake
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){32})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT} "// Generated from ${IN} by web/embed_file.cmake: do not edit.\n"
  "const unsigned char ${NAME}[] = {\n${bytes}\n};\nconst unsigned ${NAME}_size = ${size};\n")

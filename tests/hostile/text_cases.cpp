// Hostile text files: CSV and JSON (corpus.h).
#include "tests/hostile/corpus.h"

namespace hostile {

void add_text_file_cases(Corpus& corpus, const Context&) {
    (void)corpus;
}

}  // namespace hostile

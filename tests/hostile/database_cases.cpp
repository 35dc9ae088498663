// Hostile database files (corpus.h).
#include "tests/hostile/corpus.h"

namespace hostile {

void add_database_cases(Corpus& corpus, const Context&) {
    (void)corpus;
}

}  // namespace hostile

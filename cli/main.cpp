// latentlab-cli entry point (the subcommands land with the trainer).
#include <cstdio>
int main() {
  std::fprintf(stderr, "latentlab-cli: not built yet\n");
  return 2;
}

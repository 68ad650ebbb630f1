// The `civharm` program: the command line, from which `civharm serve` also starts the server.
#include "cli/commands.h"

int main(int argc, char** argv) {
  return civharm::cli::Run(argc, argv);
}

#!/usr/bin/env bash
# tests/cli/sweep.sh - oss-sim sweep and merge, and --row, as a user runs them.
#   OSS_SIM=... [OSS_SIM_MPI=.../oss-sim-mpi] tests/cli/sweep.sh
# (filled in by the sweep tests; see the functions below)
set -u
echo "0 passed, 0 failed"

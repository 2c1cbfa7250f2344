#!/usr/bin/env bash
# The shards of one sweep as a Slurm job array: array task i runs shard (i - min + 1) of N, where N is the
# array's task count, so --array=0-7 and --array=1-8 both give shards 1/8 .. 8/8. Each writes
# $OUT_DIR/part-K.json; merge them after the array (docs/cluster.md):
#
#   jid=$(sbatch --parsable --array=0-7 deploy/slurm/sweep-array.sh samples-vs-L --seeds 10 --quiet)
#   sbatch --dependency=afterok:$jid --wrap 'apptainer run --bind "$PWD/sweep-parts:/out" rnn-lab-sweep.sif \
#     merge /out/part-*.json --out /out/sweep.json --csv /out/sweep.csv'
#
# The arguments are the sweep's (an experiment or a spec file, and flags), without --shard or --out.
# SWEEP_CMD is the command that runs the sweep CLI: by default the container image through Apptainer with
# $OUT_DIR mounted at /out.
#SBATCH --job-name=rnn-sweep
#SBATCH --array=0-2
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=12:00:00
#SBATCH --output=rnn-sweep-%A_%a.log
set -euo pipefail

: "${SLURM_ARRAY_TASK_ID:?submit with sbatch --array (SLURM_ARRAY_TASK_ID is not set)}"
: "${SLURM_ARRAY_TASK_COUNT:?submit with sbatch --array (SLURM_ARRAY_TASK_COUNT is not set)}"
min="${SLURM_ARRAY_TASK_MIN:-0}"
step="${SLURM_ARRAY_TASK_STEP:-1}"
if [ "$step" != 1 ]; then
  echo "error: the array must have step 1 (got --array with step $step)" >&2
  exit 2
fi
shard=$((SLURM_ARRAY_TASK_ID - min + 1))
count=$SLURM_ARRAY_TASK_COUNT
if [ "$shard" -lt 1 ] || [ "$shard" -gt "$count" ]; then
  echo "error: array task $SLURM_ARRAY_TASK_ID is outside $min..$((min + count - 1)); give --array as one range" >&2
  exit 2
fi

OUT_DIR="${OUT_DIR:-$PWD/sweep-parts}"
IMAGE="${IMAGE:-rnn-lab-sweep.sif}"
mkdir -p "$OUT_DIR"
read -r -a sweep_cmd <<<"${SWEEP_CMD:-apptainer run --bind $OUT_DIR:/out $IMAGE}"
OUT_PATH="${OUT_PATH:-/out}"
# One training thread per CPU Slurm gave the task (the sweep's own default counts the node's cores).
workers="${SLURM_CPUS_PER_TASK:-1}"
exec "${sweep_cmd[@]}" "$@" --workers "$workers" --shard "$shard/$count" --out "$OUT_PATH/part-$shard.json"

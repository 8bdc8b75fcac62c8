# Sourced by the benchmarks (from the repository's root): `corpus SIZE
# FORMAT` prints the folder of bench/gen_corpus.py's corpus of SIZE articles
# in FORMAT (seed 1) under $dir, generating it the first time (a
# `.complete` file marks a finished one).
corpus() {
  local folder="$dir/bench-$2-$1"
  if [ ! -f "$folder/.complete" ]; then
    python3 bench/gen_corpus.py --articles "$1" --out "$folder" --format "$2" --seed 1 --force >/dev/null
    touch "$folder/.complete"
  fi
  echo "$folder"
}

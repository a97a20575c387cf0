"""`python -m infrastructure.bench`: run the benchmarks and print their figures."""

from infrastructure.bench.cli import main

raise SystemExit(main())

"""The command side: envelopes in, validated commands decided against stored state, events out."""

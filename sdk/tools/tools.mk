# sdk/tools/tools.mk: command-line tools (ofdump, ofbench).

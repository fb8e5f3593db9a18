dist_man_MANS += man/ofmanager.8 man/ofmanager.yaml.5 man/ofm-plugin.3
dist_man_MANS += man/ofdump.1 man/ofbench.1
dist_man_MANS += man/ofm-switch.8 man/ofm-monitor.8

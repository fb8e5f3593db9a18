# Documented example configurations.
dist_ofmconf_DATA += conf/ofmanager.yaml
dist_ofmconf_DATA += conf/monitor.yaml

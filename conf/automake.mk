# Documented example configurations.
dist_sysconf_DATA += conf/ofmanager.yaml
dist_sysconf_DATA += conf/monitor.yaml

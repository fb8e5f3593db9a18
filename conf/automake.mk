# Documented example configurations.
dist_sysconf_DATA += conf/ofmanager.yaml

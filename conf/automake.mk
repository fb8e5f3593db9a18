# Documented example configurations.
dist_ofmconf_DATA += conf/ofmanager.yaml
dist_ofmconf_DATA += conf/monitor.yaml
dist_ofmconf_DATA += conf/tls.yaml

# The systemd unit (its paths filled in at make time, so that the prefix
# given to make is the one used) and the logrotate snippet.  The unit
# directory defaults under $(prefix) (configure --with-systemdsystemunitdir).
systemdsystemunit_DATA = conf/ofmanager.service
CLEANFILES += conf/ofmanager.service
EXTRA_DIST += conf/ofmanager.service.in conf/ofmanager.logrotate
conf/ofmanager.service: $(srcdir)/conf/ofmanager.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) conf && \
	sed -e 's|@sbindir[@]|$(sbindir)|g' -e 's|@sysconfdir[@]|$(sysconfdir)|g' \
		$(srcdir)/conf/ofmanager.service.in >$@.tmp && mv $@.tmp $@
logrotatedir = $(sysconfdir)/logrotate.d
install-data-local: install-logrotate
install-logrotate:
	$(MKDIR_P) "$(DESTDIR)$(logrotatedir)"
	$(INSTALL_DATA) $(srcdir)/conf/ofmanager.logrotate "$(DESTDIR)$(logrotatedir)/ofmanager"
uninstall-local: uninstall-logrotate
uninstall-logrotate:
	rm -f "$(DESTDIR)$(logrotatedir)/ofmanager"
.PHONY: install-logrotate uninstall-logrotate

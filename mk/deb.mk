# SPDX-License-Identifier: ISC
# Debian packages; included by the Makefile.
#
# `make deb` builds the binary packages with dpkg-buildpackage from a copy
# of the tree (scripts/build-deb; the packaging is in debian/) and leaves
# the .deb, .changes and .buildinfo files in $(DEB_DIR). `make test-deb`
# (as root) checks them with lintian and installs, upgrades, removes and
# purges them for real; see tests/deb/run.

DEB_DIR ?= build/deb

.PHONY: deb test-deb

deb: deps ## build the Debian packages into build/deb/ (dpkg-buildpackage)
	sh scripts/build-deb $(DEB_DIR)

test-deb: deb ## as root: lintian, then install, upgrade, remove and purge the packages
	bash tests/deb/run $(DEB_DIR)

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels sdnbr supports (Debian's 6.1 and 6.12).
 * Kbuild greps the target headers and defines SDNBR_HAVE_*; everything
 * version-dependent lives here so that the rest of the code reads as
 * current mainline.
 */
#ifndef _SDNBR_COMPAT_H
#define _SDNBR_COMPAT_H

#endif /* _SDNBR_COMPAT_H */

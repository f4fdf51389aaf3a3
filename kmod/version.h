/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SDNBR_VERSION_H
#define _SDNBR_VERSION_H

#define SDNBR_VERSION "0.1.0"

#endif /* _SDNBR_VERSION_H */

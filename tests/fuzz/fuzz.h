// SPDX-License-Identifier: Apache-2.0
/* The libFuzzer entry point every target defines; the replay driver calls it for corpus files. */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

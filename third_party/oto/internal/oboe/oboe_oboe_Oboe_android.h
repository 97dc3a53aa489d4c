/*
 * Copyright (C) 2016 The Android Open Source Project
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

#ifndef OBOE_OBOE_H
#define OBOE_OBOE_H

/**
 * \mainpage API reference
 *
 * See our <a href="https://github.com/google/oboe/blob/main/docs/FullGuide.md">guide</a> on Github
 * for a guide on Oboe.
 *
 * Click the classes tab to see the reference for various Oboe functions.
 *
 */

#include "oboe_oboe_Definitions_android.h"
#include "oboe_oboe_ResultWithValue_android.h"
#include "oboe_oboe_LatencyTuner_android.h"
#include "oboe_oboe_AudioStream_android.h"
#include "oboe_oboe_AudioStreamBase_android.h"
#include "oboe_oboe_AudioStreamBuilder_android.h"
#include "oboe_oboe_Utilities_android.h"
#include "oboe_oboe_Version_android.h"
#include "oboe_oboe_StabilizedCallback_android.h"
#include "oboe_oboe_FifoBuffer_android.h"
#include "oboe_oboe_OboeExtensions_android.h"
#include "oboe_oboe_FullDuplexStream_android.h"
#include "oboe_oboe_AudioClock_android.h"

#endif //OBOE_OBOE_H

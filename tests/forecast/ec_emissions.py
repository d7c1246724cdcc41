"""The European Community emission-standards decision of Bueno de Mesquita (1994), as tabulated in
Scholz, Calbert & Smith (2011), Table 1 (also decisionmechanics/eum Simulator/Data/emission-standards.txt):
actor, capability, position (years until the standard applies), salience (0-100)."""

from __future__ import annotations

import numpy as np

EC = [
    ("Netherlands", 0.08, 4, 80),
    ("Belgium", 0.08, 7, 40),
    ("Luxembourg", 0.03, 4, 20),
    ("Germany", 0.16, 4, 80),
    ("France", 0.16, 10, 60),
    ("Italy", 0.16, 10, 60),
    ("UK", 0.16, 10, 90),
    ("Ireland", 0.05, 7, 10),
    ("Denmark", 0.05, 4, 100),
    ("Greece", 0.08, 7, 70),
]
NAMES = [r[0] for r in EC]
CAPABILITY = np.array([r[1] for r in EC])
POSITIONS = np.array([[float(r[2])] for r in EC])
SALIENCE = np.array([[r[3] / 100] for r in EC])

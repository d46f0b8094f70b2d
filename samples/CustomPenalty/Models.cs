using PenaltyGen;

namespace CustomPenalty;

/// <summary>Lasso plus the smooth pseudo-Huber term: the generator linearizes it in the coordinate step.</summary>
[L1]
[Penalty<PseudoHuber>(Weight = 5)]
public partial class LassoWithHuber;

/// <summary>The proximal SteepL1 term with a ridge part folded into its prox in closed form.</summary>
[Penalty<SteepL1>]
[L2(Weight = 0.01)]
public partial class SteepL1Ridge;

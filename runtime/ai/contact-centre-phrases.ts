/** A phrase the offline sentiment analyser scores on VADER's scale (−4 … 4 per word). */
export interface ScoredPhrase {
  name: string;
  pattern: RegExp;
  valence: number;
}

const NUMBER = String.raw`(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty|fifty|sixty|ninety|forty-five|several|many|\d+ or \d+)`;
const LONG = String.raw`(?:over |nearly |almost |about |more than |at least )?`;
const SPAN = String.raw`${NUMBER} (?:minutes?|mins?|hours?|hrs?|days?|weeks?)`;

/**
 * Markers of sarcasm: the positive words of the line count against it ("oh great, …").
 * Tried first, on the lower-cased line.
 */
export const SARCASM_MARKERS: ScoredPhrase[] = [
  { name: "thanks for nothing", pattern: /\bthanks? (?:you )?for nothing\b/, valence: -3 },
  { name: "yeah right", pattern: /\byeah,? right\b/, valence: -2 },
  { name: "oh great", pattern: /\b(?:oh|just|wow),? (?:great|perfect|brilliant|wonderful|fantastic|lovely|marvell?ous|amazing)\b/, valence: -1.5 },
  { name: "love being kept waiting", pattern: /\bi (?:just )?love (?:being|waiting|it when|how)\b/, valence: -2 },
];

/**
 * Contact-centre phrases VADER's lexicon does not score (or scores the wrong way), tried in order
 * on what the markers left; each match is taken out of the line so a later, shorter phrase does
 * not count the same words again (so "got my refund" is positive and "refund" alone negative).
 */
export const CONTACT_CENTRE_PHRASES: ScoredPhrase[] = [
  // Waiting
  { name: "long wait on hold", pattern: new RegExp(String.raw`\b(?:on hold|waiting|kept waiting|been waiting|waited|holding)(?: for)? ${LONG}${SPAN}\b`), valence: -2.5 },
  { name: "long wait on hold", pattern: new RegExp(String.raw`\b${LONG}${SPAN} (?:on hold|of hold|waiting|of waiting|in the queue|in a queue)\b`), valence: -2.5 },
  { name: "kept waiting", pattern: /\b(?:kept|keep|keeps) (?:me )?waiting\b|\bstill waiting\b|\bwaiting for ages\b|\bages on hold\b/, valence: -2 },
  { name: "on hold", pattern: /\b(?:on|put on) hold\b|\bhold music\b/, valence: -1.5 },
  // Getting through
  { name: "speak to a human", pattern: /\b(?:speak|talk|chat) (?:to|with) (?:a |an |the )?(?:real |actual |live )?(?:human|person|people|manager|supervisor|someone|somebody|agent|operator)\b/, valence: -2 },
  { name: "get me an agent", pattern: /\b(?:get|give|put) me (?:through to )?(?:a |an )?(?:real )?(?:human|person|agent|manager|supervisor|operator)\b/, valence: -2 },
  { name: "called again", pattern: /\b(?:second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)|several|many|\d+|three|four|five|ten) (?:times?|time that) (?:i'?ve|i have|i|we'?ve|we) (?:called|rung|phoned|contacted|written|chatted|tried)\b|\b(?:called|rung|phoned|contacted) (?:you |\w+ )?(?:three|four|five|six|several|many|\d+) times\b/, valence: -2 },
  { name: "line dropped", pattern: /\b(?:line|call|chat) (?:dropped|went dead|cut out|got cut off|disconnected|keeps dropping)\b|\b(?:got )?cut off\b|\bhung up on me\b/, valence: -2 },
  { name: "transferred around", pattern: /\b(?:keep|kept|keeps) (?:transferring|passing|putting|bouncing) me\b|\btransferred (?:me )?(?:again|around|\w+ times)\b|\bpassed (?:me )?around\b/, valence: -2 },
  { name: "nobody called back", pattern: /\b(?:nobody|no one|no-one|noone) (?:called|rang|got back|came|answered|replied|responded|showed up|turned up)\b|\bnever (?:called|rang|got back|replied|responded)\b/, valence: -2.5 },
  // Money
  { name: "refund received", pattern: /\b(?:got|received|getting|issued|processed|approved) (?:my |the |a |your )?(?:full )?refund\b|\brefund (?:was|has been|is|came) (?:issued|processed|approved|sent|through|in)\b/, valence: 2 },
  { name: "refund", pattern: /\b(?:want|need|demand|asking for|ask for|request|requesting|expect) (?:a |my |the )?(?:full )?refund\b|\brefund\b/, valence: -1.5 },
  { name: "charged wrongly", pattern: /\b(?:charged|billed) (?:me )?(?:twice|double|two times|again|wrong(?:ly)?|too much)\b|\bdouble[- ]charged\b|\bover-?charged\b|\bwrong (?:bill|charge|amount)\b/, valence: -2.5 },
  // Leaving
  { name: "cancel", pattern: /\bcancel(?:l?ing|l?ed)? (?:my|the|our|this) (?:subscription|account|contract|service|plan|membership|line|order|policy)\b|\b(?:want|going|like) to cancel\b/, valence: -2 },
  { name: "taking my business elsewhere", pattern: /\b(?:take|taking|took) (?:my|our) (?:business|money|custom) (?:elsewhere|somewhere else)\b|\b(?:switch|switching|moving|going) to (?:a |another |your )?(?:competitor|different provider|another provider)\b/, valence: -3 },
  // Things not working, not arriving
  { name: "still not fixed", pattern: /\b(?:is|was|has|have|it'?s|still)(?: still)? (?:not|n'?t|never) (?:been )?(?:fixed|resolved|sorted|solved|working|arrived|delivered)\b|\bisn'?t (?:fixed|resolved|sorted|working)\b/, valence: -2 },
  { name: "does not work", pattern: /\b(?:doesn'?t|does not|didn'?t|did not|won'?t|will not|don'?t|do not|isn'?t|is not|not|never) work(?:s|ing|ed)?\b|\b(?:still|keeps?) (?:broken|crashing|failing)\b/, valence: -2 },
  { name: "never arrived", pattern: /\bnever (?:arrived|came|showed up|turned up|got here|received|delivered)\b|\b(?:hasn'?t|has not|haven'?t|have not) (?:arrived|moved|come|been (?:delivered|updated))\b|\b(?:still )?no (?:answer|reply|response|update)\b/, valence: -2 },
  // Things going right
  { name: "working again", pattern: /\b(?:it'?s|it is|everything is|that'?s|that is|is|are|all|everything'?s) (?:working|fixed|sorted|resolved|solved) (?:now|again)\b|\bworks? (?:now|again|perfectly)\b|\b(?:is|are|it'?s) back (?:up|on|online)\b|\bproblem (?:is |was |has been )?(?:fixed|solved|resolved|sorted)\b/, valence: 2 },
  { name: "sorted out", pattern: /\bsort(?:ed|ing) (?:this|it|that|everything|me) out\b|\bsorted it\b/, valence: 1.5 },
  { name: "quick callback", pattern: /\bquick (?:callback|call back|response|reply|fix|answer)\b/, valence: 1.5 },
];

/** Polite fillers VADER scores as positive, made neutral before it reads the line ("I'd like to…", "please", "hold on"). */
export const NEUTRAL_REWRITES: Array<[RegExp, string]> = [
  [/\b(?:i'?d|i would|we'?d|we would|would) like\b/g, "want"],
  [/\bplease\b/g, " "],
  [/\bhold on\b/g, "wait"],
  [/\bnot bad\b/g, "good"],
  [/\bno (?:worries|problem|problems|rush|stress)\b/g, "fine"],
  [/\baccount number\b/g, "account"],
];

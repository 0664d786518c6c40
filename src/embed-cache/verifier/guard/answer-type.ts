/**
 * The kind of answer an interrogative asks for. `what`, `which`, 什么 and 哪个 ask for none in
 * particular: paraphrases swap them freely with the others ("what is the best way to" / "how do I").
 */
export type AnswerType = 'person' | 'place' | 'time' | 'reason' | 'quantity' | 'manner' | 'evaluation';

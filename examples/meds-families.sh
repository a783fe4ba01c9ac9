# Brand families list their members one by one: Solpadeine Max has codeine, Solpadeine Headache
# has none, and the bare family name is not checked. Exit 1: codeine (Solpadeine Max, Robitussin AC).
# exit: 1
ldn meds "Solpadeine Max" "Solpadeine Headache" "Solpadeine" "Feminax Ultra" "Anadin Ultra" "Robitussin AC 10 mL at bedtime"

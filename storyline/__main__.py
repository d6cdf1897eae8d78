from storyline.launch import main

main()
